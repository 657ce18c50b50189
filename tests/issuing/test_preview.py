"""The list of changes a clerk reads before a re-issue: what changed, nothing else."""

from __future__ import annotations

from kiemdiem_docs.issuing.preview import diff


def test_a_corrected_field_is_one_change():
    old = {"org": {"ten": "Chi bộ A", "ma": "001"}, "so": "Số 01"}
    new = {"org": {"ten": "Chi bộ Á", "ma": "001"}, "so": "Số 01"}
    assert diff(old, new) == (("org.ten", "Chi bộ A", "Chi bộ Á"),)


def test_a_row_that_moves_in_a_sorted_list_is_not_a_change_of_every_row():
    rows = [{"stt": f"{i:02d}", "ho_ten": name} for i, name in
            enumerate(["An", "Bình", "Cường", "Dũng", "Hoa"], 1)]
    moved = [{"stt": f"{i:02d}", "ho_ten": name} for i, name in
             enumerate(["Bình", "Cường", "Dũng", "Hoa", "Yến"], 1)]  # An corrected to Yến
    assert diff({"dv": rows}, {"dv": moved}) == (("dv[1]", "An", ""), ("dv[5]", "", "Yến"))


def test_a_row_added_and_a_value_in_place():
    old = {"lich": [{"ngay": "05/12"}, {"ngay": "06/12"}]}
    new = {"lich": [{"ngay": "05/12"}, {"ngay": "07/12"}, {"ngay": "08/12"}]}
    assert diff(old, new) == (("lich[2]", "06/12", ""), ("lich[2]", "", "07/12"),
                              ("lich[3]", "", "08/12"))
    assert diff({"a": [1, 2]}, {"a": [1, 3]}) == (("a[2]", "2", "3"),)
