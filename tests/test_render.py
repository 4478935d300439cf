import pandas as pd

from interviews import render


def test_escape_neutralizes_html_and_markdown():
    assert render.escape("<script>alert(1)</script>") == r"\<script\>alert(1)\</script\>"
    assert render.escape("<img src=x onerror=alert(1)>") == r"\<img src=x onerror=alert(1)\>"
    assert render.escape("*bold* _it_ [link](x) `code` {role}`x`") == (
        r"\*bold\* \_it\_ \[link\](x) \`code\` \{role\}\`x\`"
    )
    assert render.escape("2008. A year") == r"2008\. A year"
    assert render.escape("- not a list") == r"\- not a list"
    assert render.escape("a\n\nb\xa0c") == "a b c"


def test_table_markdown_is_a_list_table_with_widths():
    frame = pd.DataFrame({"id": ["p01", "p02"], "text": ["short", "a <b> much longer cell of text"], "n": [1, 2]})
    out = render.table_markdown(frame, {"id": "Paragraph", "text": "Text"})
    lines = out.splitlines()
    assert lines[0] == "```{list-table}" and lines[-1] == "```"
    assert lines[1] == ":header-rows: 1" and lines[2] == ":class: longtable"
    widths = [int(w) for w in lines[3].split(":widths:")[1].split()]
    assert len(widths) == 2 and widths[1] > widths[0]
    assert lines[5:9] == ["* - Paragraph", "  - Text", "* - p01", "  - short"]
    assert r"a \<b\> much longer" in out and "n" not in lines[5:7]


def test_short_id():
    assert render.short_id("liu-youping-2020:p07") == "p07"


def test_quoted_does_not_double_quotation_marks():
    assert render.quoted("plain words") == "“plain words”"
    assert render.quoted("“already quoted”") == "“already quoted”"


def test_data_dictionary_renders_one_table_per_file():
    dictionary = pd.DataFrame({"table": ["a.csv", "a.csv", "b.csv"], "column": ["x", "y", "z"],
                               "type": ["text", "integer", "text"], "meaning": ["X <b>", "Y", "Z"]})
    text = render.data_dictionary(dictionary).data
    assert text.count("```{list-table}") == 2
    assert text.index("**`a.csv`**") < text.index("  - X \\<b\\>") < text.index("**`b.csv`**")
