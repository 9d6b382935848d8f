"""Encryption of Xero tokens at rest."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from dealbooks.application.errors import XeroReconnectRequired


class TokenCipher:
    """Fernet (AES-128-CBC + HMAC-SHA256) with the key from settings.

    Tokens are encrypted before they leave this adapter and decrypted only inside it.
    A ciphertext made with another key (the key was rotated or lost) cannot be read:
    `decrypt` raises `XeroReconnectRequired`, since only a new grant can help.
    """

    def __init__(self, key: str | bytes) -> None:
        self._fernet = Fernet(key)

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode()

    def encrypt(self, token: str) -> str:
        return self._fernet.encrypt(token.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise XeroReconnectRequired(
                "The stored Xero tokens cannot be read (encryption key changed); reconnect Xero."
            ) from None
