"""Production settings need these besides the secrets each test sets itself.

No Django here: the benchmark reads it before Django is set up.
"""

PRODUCTION_REQUIRED = {
    "UTILITY_PAYEE_NAME": "МУП «Тестводоканал»",
    "UTILITY_PAYEE_INN": "5400000001",
    "UTILITY_PAYEE_KPP": "540001002",
    "UTILITY_BANK_ACCOUNT": "40702810000000000001",
    "UTILITY_BANK_NAME": "Тест-банк",
    "UTILITY_BANK_BIC": "045000001",
    "UTILITY_BANK_CORRESPONDENT_ACCOUNT": "30101810000000000001",
    "PAYMENT_GATEWAY_URL": "https://acquiring.bank.example/v2",
    "PAYMENT_TERMINAL_KEY": "VodokanalProd",
    "PAYMENT_TERMINAL_PASSWORD": "production-terminal-password",
    "PAYMENT_BANK_SITE": "securepay.bank.example",
}
