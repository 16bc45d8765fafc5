"""Offline translation: translation memory, then the machine cache, then Argos/CTranslate2."""
