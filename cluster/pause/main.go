// Command pause is the sandbox process of every pod: it holds the pod's
// namespaces open and does nothing until the kubelet stops it.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
}
