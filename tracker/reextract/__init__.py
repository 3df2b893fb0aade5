"""Re-extraction policy: what a document's fresh items do to the items already stored for it.

Pure, and the store's caller's business, not the store's: `matching` pairs stored items with
fresh ones by text and position, `rules` says what a fresh value changes in a stored item (a
person's edit wins, rejected stays rejected ...), and `plan.plan_document` puts both together
into the steps `Store.apply_document` writes in one transaction.
"""
