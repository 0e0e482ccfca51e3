"""政府信息公开年报助手 (report-assistant): drafts, checks and renders the annual 政府信息公开工作年度报告."""

__version__ = "0.1.0"
