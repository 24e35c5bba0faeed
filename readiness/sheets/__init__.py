"""CSV and XLSX files of the flat layout: reading them as spreadsheets write them (every row
accounted for), checking rows against a store, writing them back with formulas neutralised.
"""
