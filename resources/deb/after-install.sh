#!/bin/bash

if type update-alternatives >/dev/null 2>&1; then
    # Remove previous link if it doesn't use update-alternatives
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/${executable}' 100 || ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
else
    ln -sf '/opt/${sanitizedProductName}/${executable}' '/usr/bin/${executable}'
fi

# Check if user namespaces are supported by the kernel and working with a quick test:
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    # Use SUID chrome-sandbox only on systems without user namespaces:
    chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
    chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# Install apparmor profile. (Ubuntu 24+)
# First check if the version of AppArmor running on the device supports our profile.
# This is in order to keep backwards compatibility with Ubuntu 22.04 which does not support abi/4.0.
# In that case, we just skip installing the profile since the app runs fine without it on 22.04.
#
# Those apparmor_parser flags are akin to performing a dry run of loading a profile.
# https://wiki.debian.org/AppArmor/HowToUse#Dumping_profiles
#
# Unfortunately, at the moment AppArmor doesn't have a good story for backwards compatibility.
# https://askubuntu.com/questions/1517272/writing-a-backwards-compatible-apparmor-profile
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE='/opt/${sanitizedProductName}/resources/apparmor-profile'
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"

    # Updating the current AppArmor profile is not possible and probably not meaningful in a chroot'ed environment.
    # Use cases are for example environments where images for clients are maintained.
    # There, AppArmor might correctly be installed, but live updating makes no sense.
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      # Extra flags taken from dh_apparmor:
      # > By using '-W -T' we ensure that any abstraction updates are also pulled in.
      # https://wiki.debian.org/AppArmor/Contribute/FirstTimeProfileImport
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi

# --- Happy House: boot into the kiosk -------------------------------------------------------------
# Above: electron-builder's own after-install steps (a custom script replaces them, so they are kept
# as they are). Below: the kiosk's user and its systemd service, enabled so that the next boot shows
# the door screen. PKG_ROOT is empty on a real install (tests set it to a scratch directory).
APP_DIR="${PKG_ROOT:-}/opt/${sanitizedProductName}"
UNIT_DIR="${PKG_ROOT:-}/lib/systemd/system"
SYSUSERS_DIR="${PKG_ROOT:-}/usr/lib/sysusers.d"
chmod 0755 "$APP_DIR/resources/kiosk-session" || true
mkdir -p "$UNIT_DIR" "$SYSUSERS_DIR"
install -m 0644 "$APP_DIR/resources/systemd/happy-house.service" "$UNIT_DIR/happy-house.service"
install -m 0644 "$APP_DIR/resources/systemd/happy-house.sysusers.conf" "$SYSUSERS_DIR/happy-house.conf"
if type systemd-sysusers >/dev/null 2>&1; then
    systemd-sysusers happy-house.conf || echo "Happy House: could not create the happy-house user (systemd-sysusers)" >&2
elif ! getent passwd happy-house >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/happy-house --shell /usr/sbin/nologin --groups video,render,input happy-house \
        || echo "Happy House: could not create the happy-house user" >&2
fi
if [ -d "${PKG_ROOT:-}/run/systemd/system" ] && type systemctl >/dev/null 2>&1; then
    systemctl daemon-reload || true
    systemctl enable happy-house.service || true
    # An upgrade restarts a running kiosk on the new version; a first install waits for the reboot.
    systemctl try-restart happy-house.service || true
    echo "Happy House: the kiosk service is enabled: reboot, and the door screen starts on the first console."
    echo "Happy House: stop it with 'sudo systemctl stop happy-house', turn it off with 'sudo systemctl disable happy-house'."
fi
