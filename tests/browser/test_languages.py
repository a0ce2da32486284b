"""The English UI holds no Chinese but the data, and the Chinese UI no English but the data:
every page of every role (tests/browser/pages.py) and the administration's pages, read in the
browser (`pages.READ_TEXT`, `pages.phone_walk`): here in English; the portal's pages are read in
Chinese by test_responsive's walk (the administration in Chinese is not checked yet: Django's
own English there — newer admin scripts' strings, some models' names — is still to translate).

What is read: every text of the page — its title, the text of every element, shown or not
(menus, screen-reader text, options), and the attributes people read or hear (title, alt,
placeholder, aria-label, a button's value, the card labels a phone shows).

What is data and left out (the rule):
- the values people typed or imported, as stored: every text field of every row of the
  registers (`pages.data_strings`: names, titles, descriptions…) is cut out of the text before
  it is read, wherever it stands, so a cell holding "求精中学 · 已提交" still fails in English;
  what the portal writes itself (notifications, built PDFs' labels, imports, mail, logs) is not
  data even when it is stored;
- the options of a list of rows (an <option> whose value is a row's id names that row);
- text marked as in another language (`lang="zh-CN"` on the language switch's 中文) or as not
  to be translated (`translate="no"`: the same in every language).
In English a Han character fails; in Chinese a Latin word of two letters or more fails, except
the words of SAME_IN_CHINESE. Django's admin labels its yes/no icons "True"/"False" in every
language (django.contrib.admin.utils._boolean_icon): their alt text is not read."""

from __future__ import annotations

import pytest

from tests.browser.pages import one_of_everything, phone_walk

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_english_pages_hold_no_chinese_but_the_data(browser, live_server, world):
    """Every page of every role and the administration's, in English (on a phone: the walk
    checks their width too, see test_responsive)."""
    one_of_everything(world, "en")
    problems, visited = phone_walk(browser, live_server, world, "en", admin=True)
    assert visited > 600, visited
    assert not problems, f"{len(problems)} problems in English:\n" + "\n".join(problems)

