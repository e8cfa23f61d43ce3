"""统一社会信用代码 (GB 32100-2015): the 18-character code that identifies a legal entity.

Only the final check character is verified, as the standard defines it; the embedded
organisation code (positions 9-17) keeps its own GB 11714 check, which older codes
issued to individual businesses do not always satisfy, so it is not enforced here.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 (already upper-case)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None when `code` is a well-formed credit code, else the reason in Chinese."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实际为{len(code)}位"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、S、V、Z）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为 {expected}，实际为 {code[17]}"
    return None


def normalise_credit_code(raw: str) -> str:
    """Upper-case and strip spaces (including full-width ones) as users type them."""
    return "".join(raw.split()).replace("\u3000", "").upper()


def make_credit_code(first17: str) -> str:
    """Complete 17 characters with their check character (demo and test data)."""
    first17 = first17.upper()
    return first17 + check_character(first17)
