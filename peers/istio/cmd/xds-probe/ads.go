package main

import (
	"context"
	"flag"
	"strings"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	core "github.com/envoyproxy/go-control-plane/envoy/config/core/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	hcm "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	discovery "github.com/envoyproxy/go-control-plane/envoy/service/discovery/v3"
	"google.golang.org/protobuf/types/known/structpb"
)

// The xDS type URLs (envoy api/envoy/service/discovery/v3; go-control-plane pkg/resource/v3 has
// the same constants but lives in a module this build does not otherwise need).
var resource = struct{ ListenerType, ClusterType, RouteType, ExtensionConfigType string }{
	"type.googleapis.com/envoy.config.listener.v3.Listener",
	"type.googleapis.com/envoy.config.cluster.v3.Cluster",
	"type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
	"type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig",
}

// nodeFlags name the proxy the way pilot-agent does for the gateway: a router node id
// `router~IP~POD.NS~NS.svc.cluster.local` and the metadata Pilot selects Gateways by.
type nodeFlags struct {
	ip, pod, namespace, labels string
}

func (n *nodeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&n.ip, "ip", "127.0.0.1", "proxy IP")
	fs.StringVar(&n.pod, "pod", "higress-gateway-probe", "pod name")
	fs.StringVar(&n.namespace, "namespace", "higress-system", "pod namespace")
	fs.StringVar(&n.labels, "labels", "higress=higress-system-higress-gateway", "pod labels, k=v,k=v")
}

func (n *nodeFlags) node() *core.Node {
	labels := map[string]any{}
	for _, kv := range strings.Split(n.labels, ",") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			labels[k] = v
		}
	}
	meta, _ := structpb.NewStruct(map[string]any{
		"ISTIO_VERSION": "1.27.0",
		"CLUSTER_ID":    "Kubernetes",
		"NAMESPACE":     n.namespace,
		"NAME":          n.pod,
		"LABELS":        labels,
		"INSTANCE_IPS":  n.ip,
	})
	return &core.Node{
		Id:       "router~" + n.ip + "~" + n.pod + "." + n.namespace + "~" + n.namespace + ".svc.cluster.local",
		Cluster:  "higress-gateway",
		Metadata: meta,
	}
}

// holdings is what an Envoy would hold: every resource by type, then by name.
type holdings struct {
	listeners  map[string]*listener.Listener
	clusters   map[string]*cluster.Cluster
	routes     map[string]*route.RouteConfiguration
	extensions map[string]*core.TypedExtensionConfig
}

func streamOnce(c *connFlags, node *core.Node) error {
	conn, err := c.dial()
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, err := c.outgoing(context.Background())
	if err != nil {
		return err
	}
	stream, err := discovery.NewAggregatedDiscoveryServiceClient(conn).StreamAggregatedResources(ctx)
	if err != nil {
		return err
	}
	h := holdings{map[string]*listener.Listener{}, map[string]*cluster.Cluster{}, map[string]*route.RouteConfiguration{}, map[string]*core.TypedExtensionConfig{}}
	subscribed := map[string][]string{}
	send := func(typeURL, version, nonce string, names []string) error {
		subscribed[typeURL] = names
		return stream.Send(&discovery.DiscoveryRequest{Node: node, TypeUrl: typeURL, VersionInfo: version, ResponseNonce: nonce, ResourceNames: names})
	}
	for _, t := range []string{resource.ClusterType, resource.ListenerType} {
		if err := send(t, "", "", nil); err != nil {
			return err
		}
	}
	emit(map[string]any{"event": "connected", "node": node.Id})
	for {
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		if err := h.take(resp); err != nil {
			emit(map[string]any{"event": "nack", "type": resp.TypeUrl, "error": err.Error()})
		}
		if err := send(resp.TypeUrl, resp.VersionInfo, resp.Nonce, subscribed[resp.TypeUrl]); err != nil {
			return err
		}
		// LDS names what to ask for next: route configurations and extension configs.
		if resp.TypeUrl == resource.ListenerType {
			rds, ecds := h.references()
			if !sameNames(subscribed[resource.RouteType], rds) {
				if err := send(resource.RouteType, "", "", rds); err != nil {
					return err
				}
			}
			if !sameNames(subscribed[resource.ExtensionConfigType], ecds) && len(ecds) > 0 {
				if err := send(resource.ExtensionConfigType, "", "", ecds); err != nil {
					return err
				}
			}
		}
		emit(h.snapshot(resp.TypeUrl, resp.VersionInfo))
	}
}

// take replaces the held resources of the response's type (state of the world).
func (h *holdings) take(resp *discovery.DiscoveryResponse) error {
	switch resp.TypeUrl {
	case resource.ListenerType:
		h.listeners = map[string]*listener.Listener{}
	case resource.ClusterType:
		h.clusters = map[string]*cluster.Cluster{}
	case resource.RouteType:
		h.routes = map[string]*route.RouteConfiguration{}
	case resource.ExtensionConfigType:
		h.extensions = map[string]*core.TypedExtensionConfig{}
	}
	for _, any := range resp.Resources {
		var err error
		switch resp.TypeUrl {
		case resource.ListenerType:
			l := &listener.Listener{}
			if err = any.UnmarshalTo(l); err == nil {
				h.listeners[l.Name] = l
			}
		case resource.ClusterType:
			c := &cluster.Cluster{}
			if err = any.UnmarshalTo(c); err == nil {
				h.clusters[c.Name] = c
			}
		case resource.RouteType:
			r := &route.RouteConfiguration{}
			if err = any.UnmarshalTo(r); err == nil {
				h.routes[r.Name] = r
			}
		case resource.ExtensionConfigType:
			e := &core.TypedExtensionConfig{}
			if err = any.UnmarshalTo(e); err == nil {
				h.extensions[e.Name] = e
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// managers are the HTTP connection managers of every listener's filter chains.
func (h *holdings) managers(each func(listenerName string, m *hcm.HttpConnectionManager)) {
	for name, l := range h.listeners {
		for _, fc := range l.FilterChains {
			for _, f := range fc.Filters {
				m := &hcm.HttpConnectionManager{}
				if f.GetTypedConfig() != nil && f.GetTypedConfig().UnmarshalTo(m) == nil {
					each(name, m)
				}
			}
		}
	}
}

func (h *holdings) references() (rds, ecds []string) {
	r, e := map[string]bool{}, map[string]bool{}
	h.managers(func(_ string, m *hcm.HttpConnectionManager) {
		if n := m.GetRds().GetRouteConfigName(); n != "" {
			r[n] = true
		}
		for _, f := range m.HttpFilters {
			if f.GetConfigDiscovery() != nil {
				e[f.Name] = true
			}
		}
	})
	return sortedKeys(r), sortedKeys(e)
}
