"""The Qt-free core of SideBySide: domain rules, storage, crypto and services."""
