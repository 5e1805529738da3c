"""The recovery sheet as a PDF: the right code, real text, one page on A4 and Letter, user text literal (P9)."""

from __future__ import annotations

import io
import re
import stat
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from ui_helpers import PASSPHRASE

from sidebyside.cli import main as cli_main
from sidebyside.core.crypto import recovery_code
from sidebyside.core.crypto.kdf import KdfParams
from sidebyside.core.guide.recovery_sheet import RecoverySheet
from sidebyside.core.services.vault_service import VaultPaths
from sidebyside.ui.printing import Paper, write_pdf
from sidebyside.ui.recovery_sheet_dialog import RecoverySheetDialog

CODE = recovery_code.encode(bytes(range(32)))
HOSTILE = '<img src="file:///etc/passwd"> <a href="https://example.org">Al</a> &amp; \u202eex'


def pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(str(path))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    raw = unicodedata.normalize("NFKC", raw)  # the PDF may use ligatures (ﬁ) for "fi"
    return len(reader.pages), re.sub(r"\s+", " ", raw.replace("\u2068", "").replace("\u2069", "")).strip()


def code_groups(text: str) -> list[str]:
    return re.findall(r"\b[0-9A-Z]{4}\b", text)


@pytest.mark.parametrize("paper", list(Paper))
def test_the_sheet_is_one_page_with_the_exact_code_as_real_text(qapp: object, tmp_path: Path, paper: Paper) -> None:
    target = tmp_path / "sheet.pdf"
    write_pdf(RecoverySheet(CODE, ("Sam", "Alex"), "26 November 2026", "/home/sam/vault").to_html(), target, paper,
              "SideBySide recovery sheet")
    pages, text = pdf_text(target)
    assert pages == 1
    assert "-".join(g for g in code_groups(text) if g in CODE.split("-")) == CODE
    assert "Sam and Alex" in text and "/home/sam/vault" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    box = PdfReader(str(target)).pages[0].mediabox
    expected = (595, 842) if paper is Paper.A4 else (612, 792)
    assert (round(float(box.width)), round(float(box.height))) == expected


def test_names_with_markup_are_printed_literally_and_load_nothing(qapp: object, tmp_path: Path) -> None:
    target = tmp_path / "sheet.pdf"
    write_pdf(RecoverySheet(CODE, ("Sam", HOSTILE), "today", "/x").to_html(), target, Paper.A4, "t")
    _pages, text = pdf_text(target)
    assert '<img src="file:///etc/passwd">' in text
    unwrapped = text.replace(" ", "")  # a long name may wrap at any point, e.g. after "https://"
    assert '<ahref="https://example.org">Al</a>' in unwrapped and "&amp;" in text
    data = target.read_bytes()
    assert b"/URI" not in data and b"/Subtype /Image" not in data and b"/Subtype/Image" not in data


def test_the_dialog_warns_before_saving_a_pdf_and_saves_only_after_yes(
    qtbot: object, prompt_log: object, tmp_path: Path
) -> None:
    dialog = RecoverySheetDialog(RecoverySheet(CODE, ("Sam", "Alex"), "today", "/x"))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    target = tmp_path / "sheet.pdf"
    prompt_log.answer = False  # type: ignore[attr-defined]
    assert not dialog.save_pdf(target)
    assert not target.exists()
    assert "not encrypted" in prompt_log.questions[-1][0]  # type: ignore[attr-defined]
    prompt_log.answer = True  # type: ignore[attr-defined]
    assert dialog.save_pdf(target)
    assert "-".join(g for g in code_groups(pdf_text(target)[1]) if g in CODE.split("-")) == CODE


def test_the_command_line_writes_the_sheet_of_the_vault(created_vault: tuple[VaultPaths, str], tmp_path: Path) -> None:
    paths, code = created_vault
    target = tmp_path / "from-cli.pdf"
    out, err = io.StringIO(), io.StringIO()
    status = cli_main(["recovery-sheet", "--data-dir", str(paths.data_dir), "-o", str(target), "--paper", "letter"],
                      stdin=io.StringIO(PASSPHRASE + "\n"), stdout=out, stderr=err, kdf=KdfParams.cheap_for_tests())
    assert status == 0, err.getvalue()
    assert "not encrypted" in out.getvalue()
    pages, text = pdf_text(target)
    assert pages == 1
    assert "-".join(g for g in code_groups(text) if g in code.split("-")) == code


def test_the_command_line_refuses_a_wrong_passphrase_and_writes_nothing(
    created_vault: tuple[VaultPaths, str], tmp_path: Path
) -> None:
    paths, _code = created_vault
    target = tmp_path / "nope.pdf"
    err = io.StringIO()
    status = cli_main(["recovery-sheet", "--data-dir", str(paths.data_dir), "-o", str(target)],
                      stdin=io.StringIO("not it\n"), stdout=io.StringIO(), stderr=err,
                      kdf=KdfParams.cheap_for_tests())
    assert status == 2 and err.getvalue().startswith("sidebyside: ") and err.getvalue().count("\n") == 1
    assert not target.exists()
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())


def test_settings_offer_the_recovery_sheet(
    qtbot: object, vault: VaultPaths, open_window: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui_helpers import unlock_with_passphrase

    window = open_window()  # type: ignore[operator]
    unlock_with_passphrase(qtbot, window)  # type: ignore[arg-type]
    shown: list[RecoverySheet] = []
    monkeypatch.setattr(RecoverySheetDialog, "exec", lambda self: shown.append(self._sheet) or 0)
    from sidebyside.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.context, window.session, window)
    dialog.recovery_sheet_requested.connect(window.open_recovery_sheet)
    dialog.sheet_button.click()
    assert len(shown) == 1 and shown[0].partner_names == ("Sam", "Alex")
    assert recovery_code.decode(shown[0].code) == window.session.key  # the sheet holds this vault's code
    dialog.reject()
