module cdk8s-mimir/handshake

go 1.19
