"""Words and numbers for people: the message catalogue (gettext, one .po per language, kept with
Babel) and number, money, percent and date formatting. Imports nothing else of readiness.
"""
