package com.paubox.tracking.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

/**
 * A server that reads each body and answers 204 at once: the load generator's self-test (how much CPU the
 * generator itself needs per request, and the highest rate it can offer on this machine).
 */
final class NullServer {

    private NullServer() {
    }

    static void run(Args args) throws Exception {
        int port = args.integer("port", 18099);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.integer("event-loops", 1)));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(204).end()))
                .listen().toCompletionStage().toCompletableFuture().get();
        System.out.println("null server listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
