"""jiancha (检察): an open-source digital legal-supervision platform for people's procuratorates."""

__version__ = "0.1.0"
