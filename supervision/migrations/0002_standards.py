"""Ship the 12-aspect middle-school league standard and a draft primary pioneer standard, so
they exist in every database (tests, `make run`)."""

import datetime

from django.db import migrations

MIDDLE = [
    ("M01", "团队衔接", "少先队员向共青团员的衔接：入团前教育、离队入团仪式。"),
    ("M02", "团员发展", "按标准和程序发展团员，入团积极分子培养与考察，发展比例合理。"),
    ("M03", "团员教育", "团课、主题团日和团员意识教育经常化。"),
    ("M04", "团员证与团籍管理", "团员证发放、注册和团籍信息管理规范。"),
    ("M05", "班级与团支部建设", "班级团支部健全，支部活动正常开展。"),
    ("M06", "班级团支部辅导员", "团支部配备辅导员并发挥作用。"),
    ("M07", "校团委建设", "校团委班子健全，制度完善，工作有计划、有总结。"),
    ("M08", "中学生团校和业余党校", "团校、业余党校按期开办，课程与考核完整。"),
    ("M09", "学生会和学生社团", "学生会规范运行，学生社团有指导、有活动。"),
    ("M10", "党建带团建", "学校党组织领导团的工作，团建纳入党建工作格局。"),
    ("M11", "团干部队伍建设", "团干部配备、培训与考核落实。"),
    ("M12", "团的档案管理", "团的工作档案齐全、分类清楚、及时归档。"),
]
PRIMARY = [
    ("P01", "少先队组织建设", "大队、中队、小队组织健全，队干部按期改选。"),
    ("P02", "少先队辅导员队伍", "大队辅导员、中队辅导员配备和培训。"),
    ("P03", "少先队活动课", "每周一课时少先队活动课落实，有计划、有教案。"),
    ("P04", "队员入队与教育", "分批入队、入队前教育和队前教育规范。"),
    ("P05", "队室与阵地建设", "少先队队室、红领巾广播站等阵地建设。"),
    ("P06", "特色活动与实践", "主题队日、红领巾志愿服务等实践活动。"),
    ("P07", "少先队档案管理", "大队工作档案齐全规范。"),
]


def forwards(apps, schema_editor):
    Standard = apps.get_model("supervision", "Standard")
    Indicator = apps.get_model("supervision", "Indicator")
    middle, _ = Standard.objects.get_or_create(
        code="middle-league", version=1,
        defaults={
            "name": "中学共青团工作规范化建设标准", "kind": "middle_league",
            "issuing_bodies": "共青团渝中区委员会、渝中区教育委员会",
            "effective_on": datetime.date(2014, 9, 1), "is_draft": False,
        },
    )
    if not middle.indicators.exists():
        Indicator.objects.bulk_create(
            Indicator(standard=middle, code=code, title=title, description=desc, weight=1,
                      max_score=10, order=i)
            for i, (code, title, desc) in enumerate(MIDDLE, start=1)
        )
    primary, _ = Standard.objects.get_or_create(
        code="primary-pioneer", version=1,
        defaults={
            "name": "小学少先队工作规范化建设标准（草案）", "kind": "primary_pioneer",
            "issuing_bodies": "渝中区少先队工作委员会、渝中区教育委员会",
            "effective_on": datetime.date(2014, 9, 1), "is_draft": True,
        },
    )
    if not primary.indicators.exists():
        Indicator.objects.bulk_create(
            Indicator(standard=primary, code=code, title=title, description=desc, weight=1,
                      max_score=10, order=i)
            for i, (code, title, desc) in enumerate(PRIMARY, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
