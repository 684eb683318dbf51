import pytest

from newsdesk.errors import ConfigError
from newsdesk.settings import Settings


def test_defaults_env_and_overrides():
    s = Settings.from_env({"NEWSDESK_PORT": "9001", "NEWSDESK_ALLOW_PRIVATE": "yes"}, db="x.db")
    assert s.port == 9001 and s.allow_private is True and s.db == "x.db"
    assert Settings.from_env({}).port == 8000


def test_bad_env_is_config_error():
    with pytest.raises(ConfigError):
        Settings.from_env({"NEWSDESK_PORT": "eighty"})


def test_every_setting_documented():
    for row in Settings.describe():
        assert row["help"] and row["env"], row["name"]
