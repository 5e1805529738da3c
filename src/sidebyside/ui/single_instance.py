"""Bringing the first window forward when SideBySide is started again on the same data folder.

The core's InstanceLock decides who runs; this local socket only carries the "show yourself" nudge.
The socket name is derived from the folder path, never from anything in the vault.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}\0{data_dir.resolve()}".encode()).hexdigest()[:20]
    return f"sidebyside-{digest}"


class InstanceServer(QObject):
    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        QLocalServer.removeServer(name)  # safe: we hold the folder's lock, so any old socket is stale
        self.listening = self._server.listen(name)
        self._server.newConnection.connect(self._on_server_newConnection)

    def _on_server_newConnection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.disconnectFromServer()
            socket.deleteLater()
        self.activation_requested.emit()


def ask_running_instance_to_show(data_dir: Path, timeout_ms: int = 1000) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    ok = socket.waitForConnected(timeout_ms)
    if ok:
        socket.write(b"show\n")
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
    return ok
