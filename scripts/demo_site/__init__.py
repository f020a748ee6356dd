"""The project's own small Django site: the xblock-sdk workbench plus graders, for the demo and tests."""
