package dev.beryl.web.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The web module's error page (WEB-INF/web.xml): requests the container refuses before the REST API sees them,
 * such as a path with an encoded slash, get {@code {"error": ...}} like every other failure, not an HTML page.
 */
@WebServlet("/_error")
public class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        Object cause = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String detail = cause instanceof Throwable t && t.getMessage() != null ? ": " + t.getMessage() : "";
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.getOutputStream().write(ReplyJson.error("ERR HTTP " + status + detail));
    }
}
