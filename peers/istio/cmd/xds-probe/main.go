// xds-probe stands in for the gateway's pilot-agent in tests: `xds` holds one ADS stream to Pilot
// as a router node and prints a JSON snapshot of what an Envoy would hold after every response;
// `csr` asks Pilot's CA for a workload certificate with a bearer token, as pilot-agent does at start.
//
// The ADS exchange follows envoy's xDS protocol (state-of-the-world, ACK with the response's
// version and nonce; LDS names the RDS and ECDS resources to ask for next), as istio's
// pkg/adsc/adsc.go does; the CA call follows istio security/pkg/nodeagent/caclient/providers/citadel.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: xds-probe xds|csr [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "xds":
		err = runXDS(os.Args[2:])
	case "csr":
		err = runCSR(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want xds or csr)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "xds-probe:", err)
		os.Exit(1)
	}
}

// connFlags are the ways a client reaches Pilot: plaintext (15010) or TLS (15012) with the Pilot
// root, optionally a client certificate and a bearer token.
type connFlags struct {
	addr, rootCA, cert, key, serverName, tokenFile, clusterID string
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "addr", "127.0.0.1:15010", "Pilot's gRPC address")
	fs.StringVar(&c.rootCA, "root-ca", "", "PEM root that signs Pilot's serving certificate (TLS when set)")
	fs.StringVar(&c.cert, "cert", "", "client certificate chain (PEM) for mTLS")
	fs.StringVar(&c.key, "key", "", "client private key (PEM) for mTLS")
	fs.StringVar(&c.serverName, "server-name", "istiod.higress-system.svc", "name expected in Pilot's certificate")
	fs.StringVar(&c.tokenFile, "token-file", "", "bearer token sent with every call")
	fs.StringVar(&c.clusterID, "cluster-id", "Kubernetes", "ClusterID header")
}

func (c *connFlags) dial() (*grpc.ClientConn, error) {
	opts := []grpc.DialOption{grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(1 << 30))}
	if c.rootCA == "" {
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
		return grpc.NewClient(c.addr, opts...)
	}
	pem, err := os.ReadFile(c.rootCA)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", c.rootCA)
	}
	cfg := &tls.Config{RootCAs: pool, ServerName: c.serverName, MinVersion: tls.VersionTLS12}
	if c.cert != "" {
		pair, err := tls.LoadX509KeyPair(c.cert, c.key)
		if err != nil {
			return nil, err
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	return grpc.NewClient(c.addr, opts...)
}

// outgoing adds the ClusterID header and the bearer token, as pilot-agent does.
func (c *connFlags) outgoing(ctx context.Context) (context.Context, error) {
	pairs := []string{"ClusterID", c.clusterID}
	if c.tokenFile != "" {
		token, err := os.ReadFile(c.tokenFile)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, "authorization", "Bearer "+strings.TrimSpace(string(token)))
	}
	return metadata.NewOutgoingContext(ctx, metadata.Pairs(pairs...)), nil
}

// emit writes one JSON line on stdout; tests read the stream line by line.
func emit(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func runXDS(args []string) error {
	fs := flag.NewFlagSet("xds", flag.ExitOnError)
	var c connFlags
	c.register(fs)
	n := nodeFlags{}
	n.register(fs)
	fs.Parse(args)
	for {
		err := streamOnce(&c, n.node())
		emit(map[string]any{"event": "disconnected", "error": fmt.Sprint(err)})
		time.Sleep(500 * time.Millisecond)
	}
}
