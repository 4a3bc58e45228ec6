package io.camelemarsys.routes.bot;

/** A request without the bot's API key; the template answers it with a 401 problem. */
public class BotUnauthorizedException extends RuntimeException {

    BotUnauthorizedException() {
        super("Send the API key in the X-API-Key header");
    }
}
