#!/usr/bin/env bash
# Starts a throwaway OpenLDAP server (slapd) on 127.0.0.1 with an empty
# dc=grantkit,dc=test directory and prints the `export GRANTKIT_TEST_LDAP_*` lines to
# eval. Needs the Debian `slapd` and `ldap-utils` packages. Admin password: see below
# (a test-only value, not a secret). Stop it with stop-slapd.sh.
set -euo pipefail

port="${1:-3890}"
base="${GRANTKIT_CI_DIR:-/tmp/grantkit-ci}/slapd"
password="grantkit-test-admin"

rm -rf "$base"
mkdir -p "$base/config" "$base/data"
hash="$(slappasswd -s "$password")"

cat >"$base/slapd.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $base/slapd.pid

dn: cn=module,cn=config
objectClass: olcModuleList
cn: module
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif
include: file:///etc/ldap/schema/nis.ldif

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: $base/data
olcSuffix: dc=grantkit,dc=test
olcRootDN: cn=admin,dc=grantkit,dc=test
olcRootPW: $hash
olcDbMaxSize: 104857600
LDIF

cat >"$base/seed.ldif" <<LDIF
dn: dc=grantkit,dc=test
objectClass: top
objectClass: dcObject
objectClass: organization
o: grantkit test
dc: grantkit

dn: ou=people,dc=grantkit,dc=test
objectClass: organizationalUnit
ou: people

dn: ou=groups,dc=grantkit,dc=test
objectClass: organizationalUnit
ou: groups
LDIF

slapadd -n 0 -F "$base/config" -l "$base/slapd.ldif" >/dev/null 2>&1
slapadd -n 1 -F "$base/config" -l "$base/seed.ldif" >/dev/null 2>&1
slapd -F "$base/config" -h "ldap://127.0.0.1:$port/" >/dev/null 2>&1

for _ in $(seq 1 50); do
  if ldapsearch -x -H "ldap://127.0.0.1:$port" -b dc=grantkit,dc=test -s base \
    -D cn=admin,dc=grantkit,dc=test -w "$password" >/dev/null 2>&1; then
    echo "export GRANTKIT_TEST_LDAP_URL=ldap://127.0.0.1:$port"
    echo "export GRANTKIT_TEST_LDAP_BIND_DN=cn=admin,dc=grantkit,dc=test"
    echo "export GRANTKIT_TEST_LDAP_PASSWORD=$password"
    exit 0
  fi
  sleep 0.1
done
echo "slapd did not answer on 127.0.0.1:$port" >&2
exit 1
