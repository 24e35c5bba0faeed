"""What is made for a client or the agency: charts (matplotlib Figures and files), the PowerPoint
deck, per-client reports and the portfolio. Each renders outcomes built in `core`.
"""
