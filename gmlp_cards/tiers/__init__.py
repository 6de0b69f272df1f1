"""What each tier of a card shows (front, back, leaflet), as render blocks from the card and its findings."""
