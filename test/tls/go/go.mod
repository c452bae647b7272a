module cdk8s-mimir/handshake

go 1.19

// Mimir's router: Debian's golang-github-gorilla-mux-dev (1.8.0; Mimir 3.0.2 vendors 1.8.1, whose routing and
// path cleaning are the same), installed by .ci/run. No module download happens.
require github.com/gorilla/mux v1.8.0

replace github.com/gorilla/mux => /usr/share/gocode/src/github.com/gorilla/mux
