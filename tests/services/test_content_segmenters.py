"""The real segmenters (PyThaiNLP newmm, jieba) cut Thai and Chinese runs into words, and the
indexed text then holds each word and each character pair."""

from __future__ import annotations

from content.terms import Script, index_text
from services.content.segmenters import segmenters, warm


def test_thai_and_chinese_runs_are_cut_into_dictionary_words() -> None:
    warm()
    cut = segmenters()
    assert list(cut[Script.THAI]("ระบบจัดการฐานข้อมูล")) == ["ระบบ", "จัดการ", "ฐานข้อมูล"]
    assert list(cut[Script.CJK]("企业级数据库解决方案")) == ["企业级", "数据库", "解决方案"]
    indexed = index_text("Acme 数据库", cut).split()
    assert indexed == ["Acme", "数据库", "数据", "据库"]
