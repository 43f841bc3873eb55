"""A Chinese draft as a user meets it on the command line: positions, suppression comments, --fix."""

import json

from conftest import run_cli, run_cli_process

DRAFT = (
    "我们需要进行讨论，然后赋能业务。\n"
    "\n"
    "<!-- vibelint-disable-next-line zh.jargon -->\n"
    "这次要赋能团队。\n"
    "\n"
    "😀 值得注意的是，这个方案很好。\n"
)


def test_json_columns_count_code_points_and_a_comment_silences_the_next_line(tmp_path):
    draft = tmp_path / "草稿.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-cache", str(draft))
    assert result.returncode == 1
    found = [(d["rule"], d["line"], d["column"], d["end_column"]) for d in json.loads(result.stdout)["diagnostics"]]
    # 进行讨论 starts at the 5th character; 😀 is one code point, so 值 is column 3; line 4's 赋能 is disabled
    assert found == [("zh.nominalizations", 1, 5, 9), ("zh.jargon", 1, 12, 14), ("zh.ai-filler", 6, 3, 9)]
    assert "说人话" in json.loads(result.stdout)["diagnostics"][1]["message"]


def test_fix_rewrites_the_mechanical_nominalization_and_keeps_every_other_byte(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", "--fix", "--no-cache", str(draft))
    assert result.returncode == 1  # 赋能 and 值得注意的是 have no single safe rewrite: still reported
    assert draft.read_text(encoding="utf-8") == DRAFT.replace("进行讨论", "讨论")


def test_messages_follow_the_flag(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("这将彻底改变整个行业，赋能每一个人。\n", encoding="utf-8")
    zh = run_cli_process("check", "--no-cache", str(draft)).stdout.decode()  # Chinese through a real stdout
    en = run_cli("check", "--no-cache", "--lang", "en", str(draft)).stdout.decode()
    assert "黑话" in zh and "共发现" in zh
    assert "Found" in en and "共发现" not in en
