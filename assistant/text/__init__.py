"""Pure text helpers at the bottom of the package (they import nothing of it but each other).

:mod:`.sentences` (sentence spans), :mod:`.references` (bracketed reference numbers),
:mod:`.terms` (query terms and stopwords), :mod:`.abbreviations` (abbreviations a document
defines, query expansion with them), :mod:`.safe` (control characters made visible).
"""
