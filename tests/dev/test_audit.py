"""The Lighthouse report of `make audit` (`interviews.dev.audit`)."""

from interviews.dev import audit


def _report(performance, accessibility, failed_a11y=False, seo=1.0, lcp=1.0, fcp=1.0):
    audits = {
        "largest-contentful-paint": {"title": "LCP", "score": lcp, "displayValue": "2.4\u00a0s"},
        "first-contentful-paint": {"title": "FCP", "score": fcp, "displayValue": "1.5\u00a0s"},
        "total-blocking-time": {"title": "TBT", "score": 1, "displayValue": "0\u00a0ms"},
        "meta-description": {"title": "Document has a meta description", "score": 1 if seo == 1.0 else 0,
                             "scoreDisplayMode": "binary"},
        "render-blocking": {"title": "Eliminate render-blocking resources", "score": 0, "displayValue": "1.2 s",
                            "metricSavings": {"FCP": 1200, "LCP": 1200}},
        "aria-roles": {"title": "ARIA roles are valid", "score": 0 if failed_a11y else 1, "scoreDisplayMode": "binary"},
    }
    return {
        "categories": {
            "performance": {"score": performance, "auditRefs": [
                {"id": "render-blocking", "weight": 0}, {"id": "largest-contentful-paint", "weight": 25},
                {"id": "first-contentful-paint", "weight": 10}, {"id": "total-blocking-time", "weight": 65}]},
            "accessibility": {"score": accessibility, "auditRefs": [{"id": "aria-roles", "weight": 7}]},
            "best-practices": {"score": 1.0, "auditRefs": []},
            "seo": {"score": seo, "auditRefs": [{"id": "meta-description", "weight": 1}]},
        },
        "audits": audits,
    }


def test_audit_report_lists_scores_and_explains_every_missed_goal():
    results = [
        audit.parse_report(_report(0.87, 0.92, failed_a11y=True), "book/a.html", "mobile"),
        audit.parse_report(_report(1.0, 1.0), "book/a.html", "desktop"),
        audit.parse_report(_report(0.95, 1.0), "book/b.html", "mobile"),
        audit.parse_report(_report(1.0, 1.0, seo=0.91), "book/c.html", "desktop"),
    ]
    assert results[0].scores == {"performance": 87, "accessibility": 92, "best-practices": 100, "seo": 100}
    text = audit.markdown(results, "12.8.2", "test machine")
    assert "| `book/a.html` | 87 | 100 | 92 | 100 | 100 |  |" in text
    assert "| `book/b.html` | 95 |  | 100 | 100 | 100 |  |" in text
    assert "median of" not in text
    assert "`book/c.html` (desktop): seo 91 < 95; failed audits: Document has a meta description" in text
    assert "`book/a.html` (mobile): performance 87 < 90; largest opportunities: Eliminate render-blocking" in text
    assert "`book/a.html` (mobile): accessibility 92 < 95; failed audits: ARIA roles are valid" in text
    assert "book/b.html` (" not in text.split("## Goals missed")[1]
    clean = audit.markdown(results[1:3], "12.8.2", "test machine")
    assert "None: every page meets every goal" in clean


def test_the_median_of_several_runs_and_the_metric_that_cost_most():
    runs = [audit.parse_report(_report(p, 1.0, lcp=lcp, fcp=fcp), "book/a.html", "mobile")
            for p, lcp, fcp in ((0.97, 0.92, 0.9), (0.99, 1.0, 0.96), (0.93, 0.8, 0.7))]
    assert runs[1].costliest == "FCP 1.5 s (-0.4)", "10 of 100 weight, 4% short"
    assert runs[0].costliest == "LCP 2.4 s (-2.0)", "LCP's 8% of 25 outweighs FCP's 10% of 10"
    assert audit.parse_report(_report(1.0, 1.0), "book/a.html", "mobile").costliest == ""
    median = audit.median_run(runs)
    assert median.scores["performance"] == 97 and median.spread == (93, 99) and median.runs == 3
    assert audit.median_run(runs[:2]).scores["performance"] == 97, "the lower middle of an even number"
    assert audit.median_run(runs[:1]).spread is None
    desktop = audit.parse_report(_report(1.0, 1.0), "book/a.html", "desktop")
    text = audit.markdown([median, desktop], "12.8.2", "test machine")
    assert "median of 3 runs" in text
    assert "| `book/a.html` | 97 (93–99) | 100 | 100 | 100 | 100 | LCP 2.4 s (-2.0) |" in text
