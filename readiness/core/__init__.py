"""The product's rules, pure: the framework, the assessment record and its flat row, scoring, the
benchmark and one client's outcome. No disk but the framework file, no widgets, no network;
imports nothing of readiness but `text`.
"""
