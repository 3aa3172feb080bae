#!/bin/bash

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
# --- Happy House: the kiosk service ---------------------------------------------------------------
# $1 is "remove" or "purge" when the package goes away ("upgrade" keeps the service for the new version).
UNIT_DIR="${PKG_ROOT:-}/lib/systemd/system"
case "${1:-}" in
  remove|purge)
    if [ -d "${PKG_ROOT:-}/run/systemd/system" ] && type systemctl >/dev/null 2>&1; then
        systemctl stop happy-house.service || true
        systemctl disable happy-house.service || true
    fi
    rm -f "$UNIT_DIR/happy-house.service" "${PKG_ROOT:-}/usr/lib/sysusers.d/happy-house.conf"
    if [ -d "${PKG_ROOT:-}/run/systemd/system" ] && type systemctl >/dev/null 2>&1; then
        systemctl daemon-reload || true
    fi
    ;;
esac
# Purge also deletes the residents' face data, settings and access log: nothing biometric stays behind.
if [ "${1:-}" = purge ]; then
    rm -rf "${PKG_ROOT:-}/var/lib/happy-house"
    echo "Happy House: removed /var/lib/happy-house (residents, face data, settings and access log)."
fi
