"""Certificates: issuing and revoking signed credentials, their public pages and the printable PDF."""
