"""Other formats a card is published in: CHAI applied model card, HTI-1 source attributes, PDF, QR label.

Pure modules: nothing here imports Streamlit; `gmlp_cards.ui.formats` turns them into download buttons.
"""
