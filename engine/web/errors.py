"""What every failure looks like: JSON {"error": code, "message": Vietnamese sentence} with
the right status, and the handlers that make every error (404, 405, 500 included) so."""
from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập bằng mã quản trị để xem trang này.",
    403: "Bạn không có quyền truy cập.",
    404: "Không tìm thấy địa chỉ yêu cầu.",
    405: "Phương thức này không được hỗ trợ tại địa chỉ này.",
    413: "Nội dung gửi lên quá lớn (tối đa 8 KB).",
    415: "Dữ liệu phải được gửi dưới dạng JSON (Content-Type: application/json).",
    429: "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.",
    500: "Hệ thống gặp sự cố. Vui lòng thử lại sau.",
    503: "Hệ thống đang khởi động hoặc bảo trì. Vui lòng thử lại sau ít phút.",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "payload_too_large", 415: "unsupported_media_type", 429: "rate_limited", 500: "internal_error",
         503: "unavailable"}


def error_response(status: int, code: str | None = None, message: str | None = None, **extra):
    body = {"error": code or CODES.get(status, "error"), "message": message or MESSAGES.get(status, MESSAGES[400])}
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def install(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        response = error_response(err.code or 500)
        if err.code == 405 and err.valid_methods:
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500)
