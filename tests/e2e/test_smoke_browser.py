def test_home_page_has_no_accessibility_violations(page, live_site, axe_violations):
    page.goto(f"{live_site}/ko/")
    assert page.locator("html").get_attribute("lang") == "ko"
    violations = axe_violations(page)
    assert violations == [], [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations
    ]
