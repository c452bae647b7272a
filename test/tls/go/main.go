// Handshake conformance with Go's crypto/tls, configured the way Mimir's dskit configures it from the
// `-server.*-tls-*` and `<prefix>.tls-*` flags. Reads a JSON array of cases on stdin, runs each over
// 127.0.0.1 (components dial pod IPs, so the client dials an IP and verifies the server name it was given),
// and prints a JSON array of results.
package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"github.com/gorilla/mux"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// A route as Mimir registers it (pkg/api: RegisterRoute / RegisterRoutesWithPrefix).
type route struct {
	Path    string   `json:"path"`
	Methods []string `json:"methods"`
	Prefix  bool     `json:"prefix"`
}

type side struct {
	// Routes: when given, the stub routes requests as Mimir's HTTP server does (gorilla/mux, UseEncodedPath).
	Routes       []route  `json:"routes"`
	CertPem      string   `json:"certPem"`
	KeyPem       string   `json:"keyPem"`
	CaPem        string   `json:"caPem"`
	ClientAuth   string   `json:"clientAuth"`
	ServerName   string   `json:"serverName"`
	MinVersion   string   `json:"minVersion"`
	MaxVersion   string   `json:"maxVersion"`
	CipherSuites []string `json:"cipherSuites"`
}

type probe struct {
	Address string `json:"address"`
	Send    string `json:"send"`
	Expect  string `json:"expect"`
}

type testCase struct {
	ID     string `json:"id"`
	Server side   `json:"server"`
	Client side   `json:"client"`
	Probe  *probe `json:"probe"`
}

type result struct {
	ID        string `json:"id"`
	OK        bool   `json:"ok"`
	ClientErr string `json:"clientErr,omitempty"`
	ServerErr string `json:"serverErr,omitempty"`
}

// Same names dskit accepts for -server.*-tls-client-auth.
var clientAuthTypes = map[string]tls.ClientAuthType{
	"NoClientCert":               tls.NoClientCert,
	"RequestClientCert":          tls.RequestClientCert,
	"RequireAnyClientCert":       tls.RequireAnyClientCert,
	"VerifyClientCertIfGiven":    tls.VerifyClientCertIfGiven,
	"RequireAndVerifyClientCert": tls.RequireAndVerifyClientCert,
}

var versions = map[string]uint16{
	"VersionTLS10": tls.VersionTLS10, "VersionTLS11": tls.VersionTLS11,
	"VersionTLS12": tls.VersionTLS12, "VersionTLS13": tls.VersionTLS13,
}

func cipherSuites(names []string) ([]uint16, error) {
	if len(names) == 0 {
		return nil, nil
	}
	byName := map[string]uint16{}
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		byName[s.Name] = s.ID
	}
	var ids []uint16
	for _, n := range names {
		id, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("unsupported cipher suite: %q", n)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func pool(pem string) (*x509.CertPool, error) {
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM([]byte(pem)) {
		return nil, fmt.Errorf("no CA certificate in PEM")
	}
	return p, nil
}

func serverConfig(s side) (*tls.Config, error) {
	cert, err := tls.X509KeyPair([]byte(s.CertPem), []byte(s.KeyPem))
	if err != nil {
		return nil, err
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	if s.CaPem != "" {
		if cfg.ClientCAs, err = pool(s.CaPem); err != nil {
			return nil, err
		}
	}
	auth, ok := clientAuthTypes[s.ClientAuth]
	if !ok {
		return nil, fmt.Errorf("unknown client auth %q", s.ClientAuth)
	}
	cfg.ClientAuth = auth
	if cfg.CipherSuites, err = cipherSuites(s.CipherSuites); err != nil {
		return nil, err
	}
	cfg.MinVersion = versions[s.MinVersion]
	return cfg, nil
}

func clientConfig(c side) (*tls.Config, error) {
	cfg := &tls.Config{ServerName: c.ServerName}
	var err error
	if cfg.RootCAs, err = pool(c.CaPem); err != nil {
		return nil, err
	}
	if c.CertPem != "" {
		cert, err := tls.X509KeyPair([]byte(c.CertPem), []byte(c.KeyPem))
		if err != nil {
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	if cfg.CipherSuites, err = cipherSuites(c.CipherSuites); err != nil {
		return nil, err
	}
	cfg.MinVersion = versions[c.MinVersion]
	cfg.MaxVersion = versions[c.MaxVersion]
	return cfg, nil
}

// runProbe dials a real server (e.g. memcached) with the client side, sends a request and checks the reply.
func runProbe(tc testCase) result {
	r := result{ID: tc.ID}
	ccfg, err := clientConfig(tc.Client)
	if err != nil {
		r.ClientErr = "config: " + err.Error()
		return r
	}
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", tc.Probe.Address, ccfg)
	if err != nil {
		r.ClientErr = err.Error()
		return r
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write([]byte(tc.Probe.Send)); err != nil {
		r.ClientErr = err.Error()
		return r
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		r.ClientErr = err.Error()
	} else if !strings.HasPrefix(line, tc.Probe.Expect) {
		r.ClientErr = "unexpected reply " + line
	}
	r.OK = r.ClientErr == ""
	return r
}

func run(tc testCase) result {
	if tc.Probe != nil {
		return runProbe(tc)
	}
	r := result{ID: tc.ID}
	scfg, err := serverConfig(tc.Server)
	if err != nil {
		r.ServerErr = "config: " + err.Error()
		return r
	}
	ccfg, err := clientConfig(tc.Client)
	if err != nil {
		r.ClientErr = "config: " + err.Error()
		return r
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", scfg)
	if err != nil {
		r.ServerErr = err.Error()
		return r
	}
	defer ln.Close()
	serverDone := make(chan error, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			serverDone <- err
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		if err := conn.(*tls.Conn).Handshake(); err != nil {
			serverDone <- err
			return
		}
		_, err = conn.Write([]byte("ok\n"))
		serverDone <- err
	}()
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 5 * time.Second}, "tcp", ln.Addr().String(), ccfg)
	if err != nil {
		r.ClientErr = err.Error()
	} else {
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		// With TLS 1.3 a rejected client certificate only shows on the first read.
		line, err := bufio.NewReader(conn).ReadString('\n')
		if err != nil {
			r.ClientErr = err.Error()
		} else if strings.TrimSpace(line) != "ok" {
			r.ClientErr = "unexpected reply " + line
		}
		conn.Close()
	}
	select {
	case err := <-serverDone:
		if err != nil {
			r.ServerErr = err.Error()
		}
	case <-time.After(5 * time.Second):
		r.ServerErr = "server timed out"
	}
	r.OK = r.ClientErr == "" && r.ServerErr == ""
	return r
}

// echo is what the HTTP server mode answers: what reached it, as a component's HTTP server would see it.
type echo struct {
	Component  string      `json:"component"`
	Route      string      `json:"route"`
	Method     string      `json:"method"`
	URL        string      `json:"url"`
	Raw        [][2]string `json:"raw"`
	OrgIDs     []string    `json:"orgIds"`
	PeerCN     string      `json:"peerCn,omitempty"`
	PeerSerial string      `json:"peerSerial,omitempty"`
	SNI        string      `json:"sni"`
	Body       int         `json:"body"`
}

// echoHandler answers with what reached it (route: the Mimir route that matched; "" without routing, "-" for none).
func echoHandler(component, routeName string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		e := echo{Component: component, Route: routeName, Method: r.Method, URL: r.RequestURI, OrgIDs: r.Header.Values("X-Scope-OrgID"), Raw: [][2]string{}, Body: int(n)}
		for name, values := range r.Header {
			for _, v := range values {
				e.Raw = append(e.Raw, [2]string{name, v})
			}
		}
		if r.TLS != nil {
			e.SNI = r.TLS.ServerName
			if len(r.TLS.PeerCertificates) > 0 {
				e.PeerCN = r.TLS.PeerCertificates[0].Subject.CommonName
				e.PeerSerial = strings.ToUpper(r.TLS.PeerCertificates[0].SerialNumber.Text(16))
			}
		}
		w.Header().Set("Content-Type", "application/json")
		if routeName == "-" {
			w.WriteHeader(http.StatusNotFound)
		}
		_ = json.NewEncoder(w).Encode(e)
	}
}

// mimirRouter routes as Mimir's API does: mux.NewRouter() with UseEncodedPath() (pkg/api.New), each route with the
// methods it registers, prefixes with PathPrefix. The route template that matched is echoed.
func mimirRouter(component string, routes []route) *mux.Router {
	router := mux.NewRouter()
	router.UseEncodedPath()
	for _, rt := range routes {
		h := echoHandler(component, rt.Path)
		if rt.Prefix {
			router.PathPrefix(rt.Path).Handler(h)
		} else if len(rt.Methods) > 0 {
			router.Path(rt.Path).Methods(rt.Methods...).Handler(h)
		} else {
			router.Path(rt.Path).Handler(h)
		}
	}
	router.NotFoundHandler = echoHandler(component, "-")
	return router
}

// serve runs an HTTPS server configured as dskit configures Mimir's HTTP server from -server.http-tls-* (the
// side given as JSON in argument 3) on 127.0.0.1, printing its port, and echoes every request. "plain" serves HTTP.
func serve(component, sideJSON string) {
	var s side
	if err := json.Unmarshal([]byte(sideJSON), &s); err != nil {
		fmt.Fprintln(os.Stderr, "serve: bad side:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(2)
	}
	var handler http.Handler = echoHandler(component, "")
	if s.Routes != nil {
		handler = mimirRouter(component, s.Routes)
	}
	if s.CertPem != "" {
		cfg, err := serverConfig(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "serve:", err)
			os.Exit(2)
		}
		ln = tls.NewListener(ln, cfg)
	}
	srv := &http.Server{Handler: handler, ErrorLog: log.New(os.Stderr, component+": ", 0)}
	// SIGUSR1 closes idle keep-alive connections (and prints "dropped"): clients connect again.
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	go func() {
		for range usr1 {
			srv.SetKeepAlivesEnabled(false)
			srv.SetKeepAlivesEnabled(true)
			fmt.Println("dropped")
		}
	}()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	_ = srv.Serve(ln)
}

// A load run: concurrent keep-alive clients sending one request for a while (the gateway benchmark).
type loadSpec struct {
	URL         string            `json:"url"`
	Client      side              `json:"client"`
	Method      string            `json:"method"`
	Body        string            `json:"body"`
	Headers     map[string]string `json:"headers"`
	Concurrency int               `json:"concurrency"`
	Seconds     float64           `json:"seconds"`
}

func load(specJSON string) {
	var spec loadSpec
	if err := json.Unmarshal([]byte(specJSON), &spec); err != nil {
		fmt.Fprintln(os.Stderr, "load: bad spec:", err)
		os.Exit(2)
	}
	cfg, err := clientConfig(spec.Client)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(2)
	}
	transport := &http.Transport{TLSClientConfig: cfg, MaxIdleConnsPerHost: spec.Concurrency, MaxConnsPerHost: spec.Concurrency}
	client := &http.Client{Transport: transport}
	deadline := time.Now().Add(time.Duration(spec.Seconds * float64(time.Second)))
	counts := make([]map[int]int, spec.Concurrency)
	done := make(chan struct{})
	start := time.Now()
	for w := 0; w < spec.Concurrency; w++ {
		counts[w] = map[int]int{}
		go func(c map[int]int) {
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(spec.Method, spec.URL, strings.NewReader(spec.Body))
				for k, v := range spec.Headers {
					req.Header.Set(k, v)
				}
				resp, err := client.Do(req)
				if err != nil {
					c[0]++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				c[resp.StatusCode]++
			}
			done <- struct{}{}
		}(counts[w])
	}
	for w := 0; w < spec.Concurrency; w++ {
		<-done
	}
	total := map[int]int{}
	for _, c := range counts {
		for k, v := range c {
			total[k] += v
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"seconds": time.Since(start).Seconds(), "status": total})
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "serve" {
		serve(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) == 3 && os.Args[1] == "load" {
		load(os.Args[2])
		return
	}
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "handshake: bad input:", err)
		os.Exit(2)
	}
	results := make([]result, 0, len(cases))
	for _, tc := range cases {
		results = append(results, run(tc))
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		os.Exit(2)
	}
}
