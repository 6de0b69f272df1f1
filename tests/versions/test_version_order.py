"""The one version order, used by the catalog and the lock alike."""

from gmlp_cards.versions.order import version_order


def test_versions_sort_by_semver_and_a_badly_named_file_comes_last():
    names = ["1.10.0", "draft", "1.2.0", "2.0.0", "1.2.0-rc.1", "0.9.0", "1.x"]
    expected = ["0.9.0", "1.2.0-rc.1", "1.2.0", "1.10.0", "2.0.0", "1.x", "draft"]
    assert sorted(names, key=version_order) == expected


def test_the_catalog_and_the_lock_sort_with_the_same_function():
    from gmlp_cards.cards import catalog, lock

    assert catalog.version_order is lock.version_order is version_order
