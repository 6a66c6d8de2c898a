"""The PyTorch 'Language Translation with nn.Transformer' tutorial model, ported to batch_first=True: sinusoidal PositionalEncoding registered as a buffer, TokenEmbedding scaled by sqrt(emb_size), nn.Transformer with a causal tgt_mask from generate_square_subsequent_mask, a generator Linear, plus separate encode/decode methods. Inputs: (src token ids, tgt token ids)."""
import math

import torch
import torch.nn as nn
from torch import Tensor
from torch.nn import Transformer


# helper Module that adds positional encoding to the token embedding to introduce a notion of word order.
class PositionalEncoding(nn.Module):
    def __init__(self,
                 emb_size: int,
                 dropout: float,
                 maxlen: int = 5000):
        super(PositionalEncoding, self).__init__()
        den = torch.exp(- torch.arange(0, emb_size, 2)* math.log(10000) / emb_size)
        pos = torch.arange(0, maxlen).reshape(maxlen, 1)
        pos_embedding = torch.zeros((maxlen, emb_size))
        pos_embedding[:, 0::2] = torch.sin(pos * den)
        pos_embedding[:, 1::2] = torch.cos(pos * den)
        pos_embedding = pos_embedding.unsqueeze(0)  # (1, maxlen, emb_size) for batch_first

        self.dropout = nn.Dropout(dropout)
        self.register_buffer('pos_embedding', pos_embedding)

    def forward(self, token_embedding: Tensor):
        return self.dropout(token_embedding + self.pos_embedding[:, :token_embedding.size(1), :])


# helper Module to convert tensor of input indices into corresponding tensor of token embeddings
class TokenEmbedding(nn.Module):
    def __init__(self, vocab_size: int, emb_size):
        super(TokenEmbedding, self).__init__()
        self.embedding = nn.Embedding(vocab_size, emb_size)
        self.emb_size = emb_size

    def forward(self, tokens: Tensor):
        return self.embedding(tokens) * math.sqrt(self.emb_size)


# Seq2Seq Network
# shapelint: input=((2, 12), (2, 10))
class Seq2SeqTransformer(nn.Module):
    def __init__(self,
                 num_encoder_layers: int = 2,
                 num_decoder_layers: int = 2,
                 emb_size: int = 128,
                 nhead: int = 4,
                 src_vocab_size: int = 600,
                 tgt_vocab_size: int = 700,
                 dim_feedforward: int = 256,
                 dropout: float = 0.1):
        super(Seq2SeqTransformer, self).__init__()
        self.transformer = Transformer(d_model=emb_size,
                                       nhead=nhead,
                                       num_encoder_layers=num_encoder_layers,
                                       num_decoder_layers=num_decoder_layers,
                                       dim_feedforward=dim_feedforward,
                                       dropout=dropout,
                                       batch_first=True)
        self.generator = nn.Linear(emb_size, tgt_vocab_size)
        self.src_tok_emb = TokenEmbedding(src_vocab_size, emb_size)
        self.tgt_tok_emb = TokenEmbedding(tgt_vocab_size, emb_size)
        self.positional_encoding = PositionalEncoding(
            emb_size, dropout=dropout)

    def forward(self,
                src: Tensor,
                trg: Tensor,
                src_padding_mask: Tensor = None,
                tgt_padding_mask: Tensor = None):
        src_emb = self.positional_encoding(self.src_tok_emb(src))
        tgt_emb = self.positional_encoding(self.tgt_tok_emb(trg))
        tgt_mask = Transformer.generate_square_subsequent_mask(trg.size(1)).to(trg.device)
        outs = self.transformer(src_emb, tgt_emb, src_mask=None, tgt_mask=tgt_mask, memory_mask=None,
                                src_key_padding_mask=src_padding_mask,
                                tgt_key_padding_mask=tgt_padding_mask,
                                memory_key_padding_mask=src_padding_mask)
        return self.generator(outs)

    def encode(self, src: Tensor, src_mask: Tensor = None):
        return self.transformer.encoder(self.positional_encoding(
                            self.src_tok_emb(src)), src_mask)

    def decode(self, tgt: Tensor, memory: Tensor, tgt_mask: Tensor):
        return self.transformer.decoder(self.positional_encoding(
                          self.tgt_tok_emb(tgt)), memory,
                          tgt_mask)


# shapelint: input=((2, 9), (2, 7))
class EncodeDecodeTranslator(nn.Module):
    """Runs encode() and decode() separately, the way greedy_decode in the tutorial does for one step."""

    def __init__(self):
        super().__init__()
        self.model = Seq2SeqTransformer(num_encoder_layers=1, num_decoder_layers=3, emb_size=64, nhead=8,
                                        src_vocab_size=300, tgt_vocab_size=400, dim_feedforward=128)

    def forward(self, src, ys):
        memory = self.model.encode(src)
        tgt_mask = self.model.transformer.generate_square_subsequent_mask(ys.size(1)).type(torch.bool)
        out = self.model.decode(ys, memory, tgt_mask)
        prob = self.model.generator(out[:, -1])
        return prob
