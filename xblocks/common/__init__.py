"""What both hocvuso blocks share: hardened XML parsing, the HTML policy, i18n and grade publishing."""
