# Sourced by `make test`: makes Chromium and a PostgreSQL server available to the tests.
# On a root Debian machine it installs what is missing; elsewhere it uses what is there, and
# the tests that need a missing part skip with a reason (outside CI) or fail (in CI).
need=""
[ -x /usr/bin/chromium ] || need="$need chromium"
command -v zbarimg >/dev/null 2>&1 || need="$need zbar-tools"  # decodes QR labels in tests/formats
# Icons in screenshots (docs/screenshots) render as boxes without a colour emoji font.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need="$need fonts-noto-color-emoji"
command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /usr/lib/postgresql ] || need="$need postgresql"
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-services: installing$need"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
if [ -z "${GMLP_CARDS_TEST_DATABASE_URL:-}" ] && [ "$(id -u)" = 0 ] && command -v pg_lsclusters >/dev/null 2>&1; then
    cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
    if [ -n "$cluster" ]; then
        # shellcheck disable=SC2086
        pg_ctlcluster $cluster start 2>/dev/null || true
        runuser -u postgres -- psql -q -c "do \$\$ begin if not exists (select from pg_roles where rolname='gmlp_test') then create role gmlp_test login password 'gmlp_test'; end if; end \$\$;" >/dev/null
        runuser -u postgres -- psql -tAc "select 1 from pg_database where datname='gmlp_test'" | grep -q 1 \
            || runuser -u postgres -- psql -q -c "create database gmlp_test owner gmlp_test" >/dev/null
        export GMLP_CARDS_TEST_DATABASE_URL="postgresql+psycopg://gmlp_test:gmlp_test@127.0.0.1:5432/gmlp_test"
    fi
fi
