"""portal.plugins: which apps are the project's, and how their modules are found."""

from portal.plugins import app_modules, project_apps


def test_project_apps_are_the_repositorys_own_in_installed_order():
    # Third-party apps are left out even when the virtualenv lives inside the repository
    # (`make install` puts it in .venv/), as on every clean clone.
    assert project_apps() == ["portal", "schools", "supervision", "activities", "cadres",
                              "reports"]


def test_app_modules_finds_each_apps_module_and_never_the_cores():
    names = [module.__name__ for module in app_modules("dashboard")]
    assert names == ["schools.dashboard", "supervision.dashboard", "activities.dashboard",
                     "cadres.dashboard"]
