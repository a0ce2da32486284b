"""The secondment cycle's URLs (included by `cadres.urls`)."""

from django.urls import path

from cadres.views import orgdep, secondments, terms

secondment_patterns = [
    path("rounds/", secondments.round_list, name="round_list"),
    path("rounds/new/", secondments.round_create, name="round_create"),
    path("rounds/<int:round_pk>/", secondments.round_detail, name="round_detail"),
    path("rounds/<int:round_pk>/edit/", secondments.round_update, name="round_update"),
    path("rounds/<int:round_pk>/close/", secondments.round_close, name="round_close"),
    path("applications/<int:application_pk>/shortlist/", secondments.application_shortlist,
         name="application_shortlist"),
    path("applications/<int:application_pk>/select/", secondments.application_select,
         name="application_select"),
    path("applications/<int:application_pk>/decline/", secondments.application_decline,
         name="application_decline"),
    path("applications/<int:application_pk>/approve/", secondments.application_approve,
         name="application_approve"),
    path("applications/<int:application_pk>/withdraw/", secondments.application_withdraw,
         name="application_withdraw"),
    path("secondments/mine/", secondments.secondments_mine, name="secondments_mine"),
    path("secondments/mine/apply/", secondments.application_submit, name="application_submit"),
    path("secondments/", terms.secondment_list, name="secondment_list"),
    path("secondments/<int:secondment_pk>/", terms.secondment_detail, name="secondment_detail"),
    path("secondments/<int:secondment_pk>/assess/", terms.assessment_record,
         name="assessment_record"),
    path("secondments/<int:secondment_pk>/reserve/", orgdep.reserve_enter, name="reserve_enter"),
    path("reserve/", orgdep.ReserveListView.as_view(), name="reserve_list"),
    path("reserve/<int:reservepoolentry_pk>/leave/", orgdep.reserve_leave, name="reserve_leave"),
    path("orgdep/", orgdep.orgdep_home, name="orgdep_home"),
]
