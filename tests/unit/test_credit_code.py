from domain.credit_code import check_character, credit_code_problem, make_credit_code, normalise_credit_code


def test_a_published_code_is_valid():
    # The example printed in GB 32100-2015 guidance material.
    assert credit_code_problem("91350100M000100Y43") is None


def test_wrong_check_character_is_named():
    assert credit_code_problem("91350100M000100Y44") == "统一社会信用代码校验位错误：第18位应为 3，实际为 4"


def test_length_and_forbidden_letters():
    assert "18位" in credit_code_problem("9135010")
    assert "I、O、S、V、Z" in credit_code_problem("91350100M000100I43")


def test_normalise_and_make():
    code = make_credit_code("91652300ma7abcde1")
    assert credit_code_problem(code) is None and code[-1] == check_character(code[:17])
    assert normalise_credit_code(" 9135 0100m000100y43\u3000") == "91350100M000100Y43"
