// OpenSSL's libcrypto for Swift: digests (EVP_MD_CTX) and RSA PKCS#1 v1.5 verification
// (EVP_PKEY from PEM). Some accessors are macros in OpenSSL 3; their functions are used instead.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
