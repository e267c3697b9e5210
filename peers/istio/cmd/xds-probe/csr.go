package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"net/url"
	"time"

	"google.golang.org/protobuf/types/known/structpb"
	pb "istio.io/api/security/v1alpha1"
)

// runCSR asks Pilot's CA (IstioCertificateService.CreateCertificate) to sign a CSR for the given
// SPIFFE identity, authenticated by the bearer token alone, and prints the granted chain as JSON.
// Exit status 1 with the gRPC error when Pilot refuses.
func runCSR(args []string) error {
	fs := flag.NewFlagSet("csr", flag.ExitOnError)
	var c connFlags
	c.register(fs)
	identity := fs.String("identity", "spiffe://cluster.local/ns/higress-system/sa/higress-gateway", "SPIFFE URI SAN")
	ttl := fs.Duration("ttl", 24*time.Hour, "requested validity")
	fs.Parse(args)

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	uri, err := url.Parse(*identity)
	if err != nil {
		return err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{URIs: []*url.URL{uri}}, key)
	if err != nil {
		return err
	}
	conn, err := c.dial()
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, err := c.outgoing(context.Background())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	meta, _ := structpb.NewStruct(map[string]any{})
	resp, err := pb.NewIstioCertificateServiceClient(conn).CreateCertificate(ctx, &pb.IstioCertificateRequest{
		Csr:              string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})),
		ValidityDuration: int64(ttl.Seconds()),
		Metadata:         meta,
	})
	if err != nil {
		return fmt.Errorf("create certificate: %w", err)
	}
	emit(map[string]any{"event": "granted", "certChain": resp.CertChain})
	return nil
}
