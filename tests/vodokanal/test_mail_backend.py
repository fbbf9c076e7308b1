from pathlib import Path

from django.core.mail import send_mail


def test_mail_is_saved_to_a_file_and_echoed(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = "vodokanal.mail.FileAndConsoleEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"

    sent = send_mail("Показания приняты", "Спасибо, показания приняты.", None,
                     ["person@example.com"])

    assert sent == 1
    [saved] = list(Path(settings.EMAIL_FILE_PATH).glob("*.eml"))
    raw = saved.read_text(encoding="utf-8")
    assert "person@example.com" in raw
    assert "Спасибо, показания приняты." in raw
    assert "Спасибо, показания приняты." in capsys.readouterr().out
