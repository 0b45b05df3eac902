"""The real code the message-queue scene runs. The code panel shows these functions as they are.

Request handlers are what a web framework would call per request; workers are the consumers
that a separate process (or many) would run. Both run as asyncio tasks on the app's loop.
"""

from __future__ import annotations

from contextlib import suppress

from visualizer.scenes.queue.broker import Broker, Consumer, QueueFull
from visualizer.scenes.queue.services import (
    Crash,
    Database,
    Email,
    MailServer,
    Notification,
    PushService,
    Request,
    Response,
)


async def reset_password(request: Request, queue: Broker, db: Database) -> Response:
    token = await db.create_reset_token(request.user)
    try:
        await queue.publish(Email(request.user, token))  # hand the email to the queue
    except QueueFull:
        return Response(503, "busy, please try again")  # the queue said no: tell the user now
    return Response(202, "check your inbox")  # answered without waiting for the email


async def email_worker(consumer: Consumer, mail: MailServer) -> None:
    async for delivery in consumer:  # waits until the queue has a message for this worker
        await mail.send(delivery.message)  # slow; if the worker dies here there is no ack
        delivery.ack()  # only now may the queue forget the message


async def reset_password_no_queue(request: Request, mail: MailServer, db: Database) -> Response:
    token = await db.create_reset_token(request.user)
    try:
        await mail.send(Email(request.user, token))  # the user waits while the email is sent
    except Crash:
        return Response(500, "could not send the email")  # and nobody will try again
    return Response(200, "email sent")


async def publish_post(request: Request, queue: Broker, db: Database) -> Response:
    post = await db.save_post(request.user, request.text)
    friends = await db.friends_of(request.user)
    for friend in friends:
        with suppress(QueueFull):  # queue full: this friend is not notified
            await queue.publish(Notification(post, friend))  # one message per friend
    return Response(201, "posted")  # friends are notified later, by the workers


async def notification_worker(consumer: Consumer, push: PushService) -> None:
    async for delivery in consumer:
        await push.notify(delivery.message)
        delivery.ack()


async def publish_post_no_queue(request: Request, push: PushService, db: Database) -> Response:
    post = await db.save_post(request.user, request.text)
    friends = await db.friends_of(request.user)
    for friend in friends:
        try:
            await push.notify(Notification(post, friend))  # the user waits for every friend
        except Crash:
            return Response(500, "posted, but notifying friends failed")
    return Response(201, "posted")
