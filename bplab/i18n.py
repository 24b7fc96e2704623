"""The words bplab shows, in English or Chinese, by Python's gettext.

    bplab.set_language("zh")   # views, checks and messages in Chinese
    _("loss")                  # a message in the language chosen
    N_("loss")                 # marked for the catalogue, _() it later

The catalogue is bplab/locale/zh/LC_MESSAGES/bplab.po; `python3 run.py
messages` extracts the messages from the code and compiles the .mo.
"""
import gettext
from pathlib import Path

DOMAIN = "bplab"
LOCALES = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "zh")

_chosen = {"language": "en", "catalogue": gettext.NullTranslations()}


def set_language(language):
    """Show bplab's words in `language`: "en" (the default) or "zh"."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}"
                         f", not {language!r}")
    catalogue = (gettext.NullTranslations() if language == "en" else
                 gettext.translation(DOMAIN, LOCALES, [language]))
    _chosen.update(language=language, catalogue=catalogue)


def language():
    """The language bplab shows its words in: "en" or "zh"."""
    return _chosen["language"]


def _(message):
    """`message` in the language chosen."""
    return _chosen["catalogue"].gettext(message)


def N_(message):
    """`message` as it is, marked for the catalogue: translated by _()
    where it is shown, so that it follows set_language()."""
    return message
