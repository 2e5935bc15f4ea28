// Command etcd is the etcd server, built at the release that k8s.io/kubernetes
// itself tests against so the API server and its store always match.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
