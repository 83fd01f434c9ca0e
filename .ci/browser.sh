# Headless Chromium for the clinician page's browser tests, from Debian's packages (chromium, chromium-driver):
# installed when missing; the tests use /usr/bin/chromium and /usr/bin/chromedriver and download nothing. Sourced
# by .ci/run; CI runs as root. With SPINECDS_BROWSER_TESTS_REQUIRED=true the tests fail, not skip, without them.

install_browser() {
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        echo "ci: installing chromium and chromium-driver (Debian)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    fi
    export SPINECDS_BROWSER_TESTS_REQUIRED=true
    echo "ci: $(/usr/bin/chromium --version 2>/dev/null), $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
}
