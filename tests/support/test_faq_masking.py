"""A resident's question on its way to a public FAQ draft: what it says of them is masked,
the question itself is kept."""

import pytest

from support.masking import personal_data_masked


@pytest.mark.parametrize("said", [
    "01-1234567", "011234567", "01 1234567", "11-7785", "+7 913 123-45-67", "8 (913) 123 45 67",
    "89131234567", "anna.ivanova@mail.ru", "кв. 34", "квартира 34", "д. 12", "дом 12/1",
    "Иванова", "ИВАНОВА", "Ивановой", "Анна", "Сергеевна", "Лёвина", "Левина"])
def test_each_kind_of_personal_detail_is_masked(said):
    text = f"Добрый день. {said}: почему начисление выросло?"

    masked = personal_data_masked(text, names=["Иванова Анна Сергеевна", "Лёвина"],
                                  streets=["ул. Ленина", "Ленина"])

    assert said not in masked
    assert "почему начисление выросло?" in masked


def test_the_street_is_masked_and_the_question_kept():
    masked = personal_data_masked("Живу на ул. Ленина, есть ли отключение 12 декабря?",
                                  names=[], streets=["ул. Ленина", "Ленина"])

    assert masked == "Живу на …, есть ли отключение 12 декабря?"
